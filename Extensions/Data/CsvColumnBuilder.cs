using System.Text;
using Microsoft.Data.Analysis;

namespace DiveML.Extensions.Data;

/// <summary>
/// Turns one tokenised CSV column into a typed <see cref="DataFrameColumn"/>: infers the type from every row with
/// pandas' order (int64, then float64, then bool, else text) unless a type is forced, and maps missing tokens to nulls.
/// </summary>
internal sealed class CsvColumnBuilder
{
    private readonly CsvTokens _tokens;
    private readonly int _column;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _na;
    private readonly int _maxNaBytes;

    public CsvColumnBuilder(CsvTokens tokens, int column, HashSet<string> naValues, int maxNaBytes)
    {
        _tokens = tokens;
        _column = column;
        _na = naValues.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxNaBytes = maxNaBytes;
    }

    private string Name => _tokens.Header[_column];

    public DataFrameColumn Build(CsvColumnKind? forced)
    {
        int rows = _tokens.RowCount;
        var missing = new bool[rows];
        int missingCount = 0;
        for (int r = 0; r < rows; r++)
            if (IsMissing(r)) { missing[r] = true; missingCount++; }

        var kind = forced ?? Infer(missing, missingCount);
        return kind switch
        {
            CsvColumnKind.Int64 => BuildInt64(missing, missingCount),
            CsvColumnKind.Double => BuildDouble(missing, forced is not null),
            CsvColumnKind.Boolean => BuildBoolean(missing, missingCount),
            _ => BuildString(missing, normaliseBooleans: forced is null),
        };
    }

    private bool IsMissing(int row)
    {
        var raw = _tokens.RawField(_column, row);
        if (raw.Length > _maxNaBytes) return false;
        if (_tokens.IsEscaped(_column, row)) return _na.Contains(_tokens.FieldText(_column, row));
        Span<char> chars = stackalloc char[raw.Length];
        if (!Encoding.UTF8.TryGetChars(raw, chars, out int written)) return false;
        return _na.Contains(chars[..written]);
    }

    private CsvColumnKind Infer(bool[] missing, int missingCount)
    {
        if (missingCount == _tokens.RowCount) return CsvColumnKind.Double; // pandas: an all-missing column is float64.
        bool canInt = true, canDouble = true, canBool = true;
        for (int r = 0; r < _tokens.RowCount && (canDouble || canBool); r++)
        {
            if (missing[r]) continue;
            var raw = _tokens.RawField(_column, r);
            if (canInt && !CsvValueParser.TryParseInt64(raw, out _)) canInt = false;
            if (!canInt && canDouble && !CsvValueParser.TryParseDouble(raw, out _)) canDouble = false;
            if (canBool && !CsvValueParser.TryParseBoolean(raw, out _)) canBool = false;
        }
        if (canInt) return missingCount == 0 ? CsvColumnKind.Int64 : CsvColumnKind.Double;
        if (canDouble) return CsvColumnKind.Double;
        if (canBool && missingCount == 0) return CsvColumnKind.Boolean;
        return CsvColumnKind.String;
    }

    private DataFrameColumn BuildInt64(bool[] missing, int missingCount)
    {
        var values = new long[_tokens.RowCount];
        for (int r = 0; r < values.Length; r++)
        {
            if (missing[r]) throw Contradiction(r, "is missing, but the column is forced to Int64, which cannot hold missing values. Force Double instead");
            if (!CsvValueParser.TryParseInt64(_tokens.RawField(_column, r), out values[r]))
                throw Contradiction(r, "is not an integer, but the column is forced to Int64. Force Double or String instead");
        }
        return new Int64DataFrameColumn(Name, values);
    }

    private DataFrameColumn BuildDouble(bool[] missing, bool forced)
    {
        var column = new DoubleDataFrameColumn(Name, _tokens.RowCount);
        for (int r = 0; r < _tokens.RowCount; r++)
        {
            if (missing[r]) { column[r] = null; continue; }
            if (!CsvValueParser.TryParseDouble(_tokens.RawField(_column, r), out double v))
            {
                if (forced) throw Contradiction(r, "is not a number, but the column is forced to Double. Force String instead, or clean the value");
                throw new InvalidOperationException($"Column '{Name}' was inferred numeric but row {r} does not parse.");
            }
            column[r] = v;
        }
        return column;
    }

    private DataFrameColumn BuildBoolean(bool[] missing, int missingCount)
    {
        var column = new BooleanDataFrameColumn(Name, _tokens.RowCount);
        for (int r = 0; r < _tokens.RowCount; r++)
        {
            if (missing[r]) throw Contradiction(r, "is missing, but the column is forced to Boolean, which cannot hold missing values. Force String instead");
            if (!CsvValueParser.TryParseBoolean(_tokens.RawField(_column, r), out bool v))
                throw Contradiction(r, "is not True/False, but the column is forced to Boolean. Force String instead");
            column[r] = v;
        }
        return column;
    }

    private DataFrameColumn BuildString(bool[] missing, bool normaliseBooleans)
    {
        // Categorical text repeats a few values many times: intern per column so a million rows share a few strings.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        bool booleansWithMissing = normaliseBooleans && AllPresentAreBooleans(missing);
        var values = new string?[_tokens.RowCount];
        char[] buffer = new char[256];
        for (int r = 0; r < values.Length; r++)
        {
            if (missing[r]) continue;
            if (booleansWithMissing)
            {
                // pandas keeps Python bools in an object column with NaN; their text form is True/False.
                CsvValueParser.TryParseBoolean(_tokens.RawField(_column, r), out bool b);
                values[r] = b ? "True" : "False";
                continue;
            }
            if (_tokens.IsEscaped(_column, r)) { values[r] = Intern(pool, _tokens.FieldText(_column, r)); continue; }
            var raw = _tokens.RawField(_column, r);
            if (buffer.Length < raw.Length) buffer = new char[raw.Length * 2];
            int n = Encoding.UTF8.GetChars(raw, buffer);
            var span = buffer.AsSpan(0, n);
            if (lookup.TryGetValue(span, out var existing)) { values[r] = existing; continue; }
            var text = span.ToString();
            pool[text] = text;
            values[r] = text;
        }
        return new StringDataFrameColumn(Name, values);
    }

    private bool AllPresentAreBooleans(bool[] missing)
    {
        bool any = false;
        for (int r = 0; r < _tokens.RowCount; r++)
        {
            if (missing[r]) continue;
            if (!CsvValueParser.TryParseBoolean(_tokens.RawField(_column, r), out _)) return false;
            any = true;
        }
        return any;
    }

    private static string Intern(Dictionary<string, string> pool, string text)
    {
        if (pool.TryGetValue(text, out var existing)) return existing;
        pool[text] = text;
        return text;
    }

    private CsvFormatException Contradiction(int row, string problem)
    {
        var token = _tokens.FieldText(_column, row);
        return new CsvFormatException(_tokens.Path, _tokens.RowLines[row], Name, $"value '{token}' {problem}.");
    }
}
