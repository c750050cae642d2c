namespace Connectors.Abstractions;

/// <summary>
/// The version of this contract. The hub compares it with the version a plug-in was compiled against (the
/// referenced assembly version of Connectors.Abstractions): another major is refused, and so is a newer minor
/// than the hub's own, since the plug-in could call members the hub does not have.
/// </summary>
public static class ConnectorContract
{
    /// <summary>Breaking changes move the major version; every plug-in must be rebuilt.</summary>
    public const int Major = 2;

    /// <summary>Additions move the minor version; plug-ins built for an older minor keep loading.</summary>
    public const int Minor = 2;

    /// <summary>The version as text, "major.minor".</summary>
    public static string Version => $"{Major}.{Minor}";
}
