using System.CommandLine;

namespace PartnerSupport.Cli;

// A named entry point: the web host's top-level Program would otherwise clash with this one in
// the test project, which references both.
internal static class CliProgram
{
    public static Task<int> Main(string[] args) => CliApp.Build().Parse(args).InvokeAsync();
}
