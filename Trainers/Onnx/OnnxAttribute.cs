namespace DiveML.Trainers.Onnx;

/// <summary>
/// An attribute of an ONNX node, e.g. <c>("axis", 1L)</c> or <c>("alpha", 0.01f)</c>. Tuples of a name and a
/// <see cref="long"/>, <see cref="float"/>, <see cref="long"/>[], <see cref="float"/>[] or <see cref="string"/> convert
/// to it implicitly, so <see cref="OnnxExportContext.Node"/> reads like the ONNX operator documentation.
/// </summary>
/// <param name="Name">The attribute's name in the operator's specification (opset 13), e.g. <c>transB</c>.</param>
/// <param name="Value">A <see cref="long"/>, <see cref="float"/>, <see cref="long"/>[], <see cref="float"/>[] or <see cref="string"/>.</param>
public readonly record struct OnnxAttribute(string Name, object Value)
{
    /// <summary>An integer attribute (ONNX <c>INT</c>).</summary>
    public static implicit operator OnnxAttribute((string Name, long Value) attribute) => new(attribute.Name, attribute.Value);

    /// <summary>A float attribute (ONNX <c>FLOAT</c>).</summary>
    public static implicit operator OnnxAttribute((string Name, float Value) attribute) => new(attribute.Name, attribute.Value);

    /// <summary>An integer list attribute (ONNX <c>INTS</c>), e.g. <c>("axes", new long[] { -1 })</c>.</summary>
    public static implicit operator OnnxAttribute((string Name, long[] Value) attribute) => new(attribute.Name, attribute.Value);

    /// <summary>A float list attribute (ONNX <c>FLOATS</c>).</summary>
    public static implicit operator OnnxAttribute((string Name, float[] Value) attribute) => new(attribute.Name, attribute.Value);

    /// <summary>A string attribute (ONNX <c>STRING</c>).</summary>
    public static implicit operator OnnxAttribute((string Name, string Value) attribute) => new(attribute.Name, attribute.Value);
}
