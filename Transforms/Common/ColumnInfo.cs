using Microsoft.ML;
using Microsoft.ML.Data;

namespace DiveML.Transforms;

/// <summary>A column's name and shape, from either a <see cref="SchemaShape"/> (before fit) or a <see cref="DataViewSchema"/>.</summary>
internal readonly record struct ColumnInfo(string Name, bool IsScalar, DataViewType ItemType)
{
    public static IEnumerable<ColumnInfo> Of(SchemaShape schema)
        => schema.Select(c => new ColumnInfo(c.Name, c.Kind == SchemaShape.Column.VectorKind.Scalar, c.ItemType));

    public static IEnumerable<ColumnInfo> Of(DataViewSchema schema)
        => schema.Where(c => !c.IsHidden).Select(c => c.Type is VectorDataViewType v
            ? new ColumnInfo(c.Name, false, v.ItemType)
            : new ColumnInfo(c.Name, true, c.Type));

    /// <summary>A scalar Single or Double column.</summary>
    public bool IsFloating => IsScalar && (ItemType == NumberDataViewType.Single || ItemType == NumberDataViewType.Double);

    /// <summary>A scalar signed or unsigned integer column (never holds a missing value).</summary>
    public bool IsInteger => IsScalar && ItemType is NumberDataViewType && !IsFloating;

    /// <summary>A scalar text column.</summary>
    public bool IsText => IsScalar && ItemType is TextDataViewType;

    public string Describe() => IsScalar ? ItemType.ToString()! : $"a vector of {ItemType}";
}
