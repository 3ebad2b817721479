namespace PartnerSupport.Tests.Contract;

/// <summary>Files of the repository the tests compare the running application with.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PartnerSupport.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No PartnerSupport.slnx above {AppContext.BaseDirectory}.");
    }
}
