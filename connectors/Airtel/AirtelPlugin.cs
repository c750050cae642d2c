using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>The plug-in's entry point: the hub finds it in Airtel.dll and registers <see cref="AirtelConnector"/>.</summary>
public sealed class AirtelPlugin : ConnectorPlugin<AirtelConnector>;
