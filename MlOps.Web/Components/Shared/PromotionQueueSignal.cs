namespace MlOps.Web.Components.Shared;

/// <summary>Raised when a page of this circuit changed the promotion queue.</summary>
public sealed class PromotionQueueSignal : CircuitSignal;
