using System.Text;

namespace DiveML.Extensions.Data;

/// <summary>
/// Turns one tokenised CSV column into a typed array. The type is inferred from every row in
/// pandas' order (int64, then float64, then bool, else text) unless forced; missing tokens become nulls.
/// </summary>
/// <remarks>
/// Rows arrive in ranges (<see cref="Process"/>) so the loader can walk the row-major file in cache-sized chunks, all
/// columns in parallel per chunk. Each field is looked at once: the missing-token check and the parse happen together,
/// and the column is promoted (int64 → float64 → bool → text) the first time a value does not fit, keeping what was
/// already parsed.
/// </remarks>
internal sealed class CsvColumnBuilder
{
    private enum State { Int64, Double, Boolean, Text }

    private readonly CsvTokens _tokens;
    private readonly int _column;
    private readonly NaTokenMatcher _na;
    private readonly CsvColumnKind? _forced;
    private readonly string? _source;
    private readonly bool _emptyInSource;
    private readonly bool[] _missing;
    private int _missingCount;
    private State _state;
    private long[]? _longs;
    private double[]? _doubles;
    private bool[]? _bools;
    private string?[]? _texts;
    private Dictionary<string, string>? _pool;
    private char[] _buffer = new char[256];

    public CsvColumnBuilder(CsvTokens tokens, int column, NaTokenMatcher na, CsvColumnKind? forced, string? source = null, bool emptyInSource = false)
    {
        _emptyInSource = emptyInSource;
        _tokens = tokens;
        _column = column;
        _na = na;
        _forced = forced;
        _source = source;
        _missing = new bool[tokens.RowCount];
        _state = forced switch
        {
            CsvColumnKind.Double => State.Double,
            CsvColumnKind.Boolean => State.Boolean,
            CsvColumnKind.String => State.Text,
            _ => State.Int64,
        };
        switch (_state)
        {
            case State.Int64: _longs = new long[tokens.RowCount]; break;
            case State.Double: _doubles = new double[tokens.RowCount]; break;
            case State.Boolean: _bools = new bool[tokens.RowCount]; break;
            default: StartText(); break;
        }
    }

    private string Name => _tokens.Header[_column];

    /// <summary>Reads rows [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void Process(int from, int to)
    {
        for (int r = from; r < to; r++)
        {
            var raw = _tokens.RawField(_column, r);
            bool escaped = _tokens.IsEscaped(_column, r);
            if (_na.IsMissing(raw, escaped ? _tokens.FieldText(_column, r) : null))
            {
                if (_forced == CsvColumnKind.Int64)
                    throw Contradiction(r, "is missing, but the column is forced to Int64, which cannot hold missing values. Force Double instead", "whole numbers without gaps");
                _missing[r] = true;
                _missingCount++;
                continue;
            }
            switch (_state)
            {
                case State.Int64:
                    if (CsvValueParser.TryParseInt64(raw, out _longs![r])) break;
                    if (_forced == CsvColumnKind.Int64) throw Contradiction(r, "is not an integer, but the column is forced to Int64. Force Double or String instead", "whole numbers");
                    PromoteToDouble(r);
                    goto case State.Double;
                case State.Double:
                    if (CsvValueParser.TryParseDouble(raw, out _doubles![r])) break;
                    if (_forced == CsvColumnKind.Double) throw Contradiction(r, "is not a number, but the column is forced to Double. Force String instead, or clean the value", "numbers");
                    PromoteToBoolean(r);
                    if (_state == State.Text) { _texts![r] = Text(r, raw, escaped); break; }
                    goto case State.Boolean;
                case State.Boolean:
                    if (CsvValueParser.TryParseBoolean(raw, out _bools![r])) break;
                    if (_forced == CsvColumnKind.Boolean) throw Contradiction(r, "is not True/False, but the column is forced to Boolean. Force String instead", "True/False values");
                    PromoteToText(r);
                    goto case State.Text;
                case State.Text:
                    _texts![r] = Text(r, raw, escaped);
                    break;
            }
        }
    }

    /// <summary>The finished column's values (long[], double[] with NaN, bool[] or string?[]), once every row was processed.</summary>
    public Array Build()
    {
        int rows = _tokens.RowCount;
        // A header-only file: pandas gives every column the object dtype.
        if (rows == 0 && _forced is null) return Array.Empty<string?>();
        switch (_state)
        {
            case State.Int64 when _missingCount == 0:
                return _longs!;
            case State.Int64:
                // Integers with missing values (or nothing but missing values) are float64 in pandas.
                PromoteToDouble(rows);
                return Doubles();
            case State.Double:
                return Doubles();
            case State.Boolean when _missingCount == 0:
                return _bools!;
            case State.Boolean when _forced == CsvColumnKind.Boolean:
                // An ML.NET Boolean cannot be missing: a forced True/False column with missing values reads as
                // Double 1/0/NaN, so the missing values stay missing (CsvColumnKind.Boolean's documentation).
                var numbers = new double[rows];
                for (int r = 0; r < rows; r++) numbers[r] = _missing[r] ? double.NaN : _bools![r] ? 1 : 0;
                return numbers;
            case State.Boolean:
                // pandas keeps Python bools in an object column that has NaN; their text form is True/False.
                var texts = new string?[rows];
                for (int r = 0; r < rows; r++) if (!_missing[r]) texts[r] = _bools![r] ? "True" : "False";
                return texts;
            default:
                return _texts!;
        }
    }

    /// <summary>Which rows were missing.</summary>
    public bool[] Missing => _missing;

    private double[] Doubles()
    {
        var values = _doubles!;
        for (int r = 0; r < values.Length; r++) if (_missing[r]) values[r] = double.NaN;
        return values;
    }

    private void PromoteToDouble(int upTo)
    {
        _doubles = new double[_tokens.RowCount];
        for (int r = 0; r < upTo; r++) _doubles[r] = _longs![r];
        _longs = null;
        _state = State.Double;
    }

    /// <summary>Rows before <paramref name="upTo"/> were numbers, so this column cannot be boolean: re-check them as text.</summary>
    private void PromoteToBoolean(int upTo)
    {
        _doubles = null;
        bool anyEarlierValue = false;
        for (int r = 0; r < upTo && !anyEarlierValue; r++) anyEarlierValue = !_missing[r];
        if (anyEarlierValue) { PromoteToText(upTo); return; }
        _bools = new bool[_tokens.RowCount];
        _state = State.Boolean;
    }

    private void PromoteToText(int upTo)
    {
        _bools = null;
        _doubles = null;
        StartText();
        for (int r = 0; r < upTo; r++)
            if (!_missing[r]) _texts![r] = Text(r, _tokens.RawField(_column, r), _tokens.IsEscaped(_column, r));
    }

    private void StartText()
    {
        _state = State.Text;
        _texts = new string?[_tokens.RowCount];
        _pool = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Decodes a field, interned per column: a million rows of a few levels share a few strings.</summary>
    private string Text(int row, ReadOnlySpan<byte> raw, bool escaped)
    {
        if (escaped) return Intern(_tokens.FieldText(_column, row));
        if (_buffer.Length < raw.Length) _buffer = new char[raw.Length * 2];
        int n = Encoding.UTF8.GetChars(raw, _buffer);
        var span = _buffer.AsSpan(0, n);
        if (_pool!.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(span, out var existing)) return existing;
        return Intern(span.ToString());
    }

    private string Intern(string text)
    {
        if (_pool!.TryGetValue(text, out var existing)) return existing;
        _pool[text] = text;
        return text;
    }

    /// <summary>
    /// A value that does not fit the forced type. With a <see cref="CsvLoadOptions.ColumnTypesSource"/> the message says
    /// what the column <paramref name="holds"/> there (the user's terms); else how to change the forced type (the API's).
    /// </summary>
    private CsvFormatException Contradiction(int row, string problem, string holds)
    {
        var value = _tokens.FieldText(_column, row);
        if (_source is null) return new(_tokens.Path, _tokens.RowLines[row], Name, $"value '{value}' {problem}.");
        if (_emptyInSource)
            return new(_tokens.Path, _tokens.RowLines[row], Name, $"value '{value}' does not fit: the column has no values in {_source}, " +
                $"which reads it as {holds} (as pandas reads an empty column). Give the column values there, leave this cell empty, or drop the column.");
        return new(_tokens.Path, _tokens.RowLines[row], Name, $"value '{value}' does not fit: the column holds {holds} in {_source}. " +
            "Correct the value, or leave the cell empty for a missing value.");
    }
}
