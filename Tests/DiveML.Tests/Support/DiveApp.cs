namespace DiveML.Tests.Support;

/// <summary>
/// The dive app in its own build folder. The copy next to the tests runs most commands, but this test project uses the
/// ASP.NET Core shared framework (for the serving tests), so assemblies that framework provides — Microsoft.Extensions.Hosting,
/// which Orleans needs — are not copied next to the tests: worker and cluster runs start the app where it was built.
/// </summary>
public static class DiveApp
{
    /// <summary>dive.dll in the Samples build folder of this test build's configuration and TorchSharp flavour.</summary>
    public static string Dll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!;
            // Default flavour: Tests/DiveML.Tests/bin/<Configuration>/<tfm>/ → Samples/bin/<Configuration>/<tfm>/;
            // other flavours: artifacts/torch-<flavour>/bin/DiveML.Tests/<Configuration>/<tfm>/ → …/bin/DiveML.Samples/….
            var dll = configuration.Parent!.Name == "DiveML.Tests"
                ? Path.Combine(configuration.Parent.Parent!.FullName, "DiveML.Samples", configuration.Name, framework.Name, "dive.dll")
                : Path.Combine(RepoPaths.Root, "Samples", "bin", configuration.Name, framework.Name, "dive.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution (dotnet build DiveML.sln) first.", dll);
        }
    }
}
