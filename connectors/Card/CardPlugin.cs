using Connectors.Kit;

namespace Connectors.Card;

/// <summary>The plug-in's entry point: the hub finds it in Card.dll and registers <see cref="CardConnector"/>.</summary>
public sealed class CardPlugin : ConnectorPlugin<CardConnector>;
