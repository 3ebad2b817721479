using System.CommandLine;
using PartnerSupport.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
