using Connectors.Kit;

namespace Connectors.MtnMomo;

/// <summary>The plug-in's entry point: the hub finds it in MtnMomo.dll and registers <see cref="MtnMomoConnector"/>.</summary>
public sealed class MtnMomoPlugin : ConnectorPlugin<MtnMomoConnector>;
