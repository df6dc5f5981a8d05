using Microsoft.ML;
using Microsoft.ML.Data;

namespace PlainMlNetApp;

/// <summary>
/// Reads a CSV with ML.NET's TextLoader, typing each column as the model's input schema says: a scalar column is the
/// header cell of its name; a vector column of n values the n consecutive cells <c>Name.0</c> … <c>Name.{n-1}</c>.
/// Input columns absent from the file (a label, an id) are not loaded; key columns (labels) are never loaded.
/// </summary>
public static class CsvInput
{
    public static IDataView Load(MLContext ml, string path, DataViewSchema inputSchema)
    {
        string[] header;
        using (var reader = new StreamReader(path)) header = (reader.ReadLine() ?? "").Split(',');
        var columns = new List<TextLoader.Column>();
        foreach (var column in inputSchema.Where(c => !c.IsHidden))
        {
            var itemType = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
            if (itemType is KeyDataViewType) continue;
            var kind = Kind(itemType) ?? throw new NotSupportedException($"Input column '{column.Name}' is {column.Type}, which this app cannot read from CSV.");
            if (column.Type is VectorDataViewType { Size: var size })
            {
                int first = Array.IndexOf(header, column.Name + ".0");
                if (first < 0) continue;
                for (int k = 1; k < size; k++)
                    if (first + k >= header.Length || header[first + k] != $"{column.Name}.{k}")
                        throw new InvalidDataException($"{path}: the {size} values of '{column.Name}' must be the consecutive columns {column.Name}.0 … {column.Name}.{size - 1}.");
                columns.Add(new TextLoader.Column(column.Name, kind, first, first + size - 1));
            }
            else
            {
                int index = Array.IndexOf(header, column.Name);
                if (index >= 0) columns.Add(new TextLoader.Column(column.Name, kind, index));
            }
        }
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns.ToArray(), Separators = [','], HasHeader = true, AllowQuoting = true, MissingRealsAsNaNs = true,
        });
        return loader.Load(path);
    }

    private static DataKind? Kind(DataViewType type) => type switch
    {
        TextDataViewType => DataKind.String,
        BooleanDataViewType => DataKind.Boolean,
        _ when type.RawType == typeof(float) => DataKind.Single,
        _ when type.RawType == typeof(double) => DataKind.Double,
        _ when type.RawType == typeof(int) => DataKind.Int32,
        _ when type.RawType == typeof(long) => DataKind.Int64,
        _ when type.RawType == typeof(uint) => DataKind.UInt32,
        _ when type.RawType == typeof(ulong) => DataKind.UInt64,
        _ when type.RawType == typeof(short) => DataKind.Int16,
        _ when type.RawType == typeof(byte) => DataKind.Byte,
        _ => null,
    };
}
