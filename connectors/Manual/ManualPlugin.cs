using Connectors.Kit;

namespace Connectors.Manual;

/// <summary>The plug-in's entry point: the hub finds it in Manual.dll and registers <see cref="ManualConnector"/>.</summary>
public sealed class ManualPlugin : ConnectorPlugin<ManualConnector>;
