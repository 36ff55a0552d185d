namespace MlOps.Modules.Platform.Contracts;

/// <summary>The capability policies of API.md's role table.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Predict = "predict";
    public const string Write = "write";
    public const string RequestPromotion = "request-promotion";
    public const string ApprovePromotion = "approve-promotion";
    public const string Administer = "administer";
}
