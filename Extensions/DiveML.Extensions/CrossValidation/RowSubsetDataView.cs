using DiveML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Extensions.CrossValidation;

/// <summary>
/// The rows of a source <see cref="IDataView"/> whose 0-based position is selected, in source order, without copying:
/// cursors skip the other rows and pass the source's getters through. Used to carve folds out of any data view.
/// </summary>
public sealed class RowSubsetDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _keep;
    private readonly int _count;

    /// <summary>Keeps the rows at positions where <paramref name="keep"/> is true.</summary>
    public RowSubsetDataView(IDataView source, bool[] keep)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _keep = keep ?? throw new ArgumentNullException(nameof(keep));
        _count = keep.Count(k => k);
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema => _source.Schema;

    /// <inheritdoc/>
    public long? GetRowCount() => _count;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(SerialCursor.Open(_source, columnsNeeded), _keep);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor source, bool[] keep) : DataViewRowCursor
    {
        private long _sourcePosition = -1;
        private long _position = -1;

        public override DataViewSchema Schema => source.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (source.MoveNext())
            {
                _sourcePosition++;
                if (_sourcePosition >= keep.Length)
                    throw new InvalidOperationException($"The data has more rows than the {keep.Length} the fold assignment was made for.");
                if (keep[_sourcePosition]) { _position++; return true; }
            }
            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => source.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) source.Dispose();
            base.Dispose(disposing);
        }
    }
}
