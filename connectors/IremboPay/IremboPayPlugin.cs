using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>The plug-in's entry point: the hub finds it in IremboPay.dll and registers <see cref="IremboPayConnector"/>.</summary>
public sealed class IremboPayPlugin : ConnectorPlugin<IremboPayConnector>;
