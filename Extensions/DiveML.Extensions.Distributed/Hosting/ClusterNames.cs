namespace DiveML.Extensions.Distributed;

/// <summary>The Orleans service and cluster ids every <c>dive</c> process of a Redis cluster uses (Redis keys <c>dive/members/dive</c>).</summary>
public static class ClusterNames
{
    /// <summary>The service id.</summary>
    public const string ServiceId = "dive";

    /// <summary>The cluster id of a Redis cluster (a local run uses one of its own).</summary>
    public const string ClusterId = "dive";
}
