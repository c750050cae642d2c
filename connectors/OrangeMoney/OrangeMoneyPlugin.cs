using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>The plug-in's entry point: the hub finds it in OrangeMoney.dll and registers <see cref="OrangeMoneyConnector"/>.</summary>
public sealed class OrangeMoneyPlugin : ConnectorPlugin<OrangeMoneyConnector>;
