namespace PartnerSupport.Tests.Infrastructure;

/// <summary>One app shared by a test class whose tests each build data of their own.</summary>
public sealed class AppFixture : AppTest
{
    public TestApp App => _app;
}
