using Connectors.Kit;

namespace Connectors.Acme;

/// <summary>The plug-in's entry point: the hub finds it in Acme.dll and registers <see cref="AcmeConnector"/>.</summary>
public sealed class AcmePlugin : ConnectorPlugin<AcmeConnector>;
