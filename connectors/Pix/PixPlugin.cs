using Connectors.Kit;

namespace Connectors.Pix;

/// <summary>The plug-in's entry point: the hub finds it in Pix.dll and registers <see cref="PixConnector"/>.</summary>
public sealed class PixPlugin : ConnectorPlugin<PixConnector>;
