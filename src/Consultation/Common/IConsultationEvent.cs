namespace ConsultationPlatform.Common;

/// <summary>An event that belongs to one consultation's history (its log, its live feed, its audit).</summary>
public interface IConsultationEvent
{
    Guid ConsultationId { get; }
}

/// <summary>An event about one action point of a consultation.</summary>
public interface IActionPointEvent : IConsultationEvent
{
    Guid ActionPointId { get; }
}
