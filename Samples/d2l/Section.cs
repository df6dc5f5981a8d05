namespace DiveML.D2l;

/// <summary>One section of the book with code: its number, its title, the file that holds it, and what it runs.</summary>
public sealed record Section(string Number, string Title, string File, Action<SampleRun> Run);
