using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using static ConsultationPlatform.Consultations.ConsultationPhase;

namespace ConsultationPlatform.Tests.Consultations.Deadlines;

/// <summary>The deadline decisions without a database: scheduling, what a schedule's message does when it arrives, and late acts.</summary>
public class PhaseEndsTests
{
    private static readonly Actor Moderator = Delegates.Moderator();
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    private static Consultation In(ConsultationPhase phase, int version = 5) => new() { Id = Guid.NewGuid(), Phase = phase, Version = version };

    private static Consultation Scheduled(ConsultationPhase phase, DateTimeOffset endsAt, out Guid scheduleId)
    {
        var consultation = In(phase);
        var scheduled = PhaseEnds.Schedule(Moderator, new SchedulePhaseEndForm(endsAt), consultation, scheduleId = Guid.NewGuid());
        consultation.Apply(scheduled);
        return consultation;
    }

    [Fact]
    public void a_moderator_schedules_the_end_of_the_current_phase_in_utc()
    {
        var consultation = In(Inputs);
        var endsAt = new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.FromHours(1));
        var form = new SchedulePhaseEndForm(endsAt, Inputs, 5);
        Assert.True(PhaseEnds.Check(Moderator, form, consultation, Now).IsNone());

        var id = Guid.NewGuid();
        var scheduled = PhaseEnds.Schedule(Moderator, form, consultation, id);
        Assert.Equal(Inputs, scheduled.Phase);
        Assert.Equal(endsAt, scheduled.EndsAt);
        Assert.Equal(TimeSpan.Zero, scheduled.EndsAt.Offset);
        Assert.Equal(Moderator.PersonId, scheduled.ScheduledBy);

        consultation.Apply(scheduled);
        Assert.Equal(new ScheduledPhaseEnd(id, Inputs, endsAt, Moderator.PersonId), consultation.PhaseEnd);
        var status = PhaseEnds.Status(consultation);
        Assert.Equal(Drafting, status.NextPhase);
        Assert.Equal(endsAt, status.EndsAt);
    }

    [Fact]
    public void only_those_who_move_phases_schedule_their_end()
    {
        var problem = PhaseEnds.Check(Delegates.State(), new SchedulePhaseEndForm(Now.AddHours(1)), In(Inputs), Now);
        Assert.Equal(403, problem.Status);
        Assert.Equal(403, PhaseEnds.CheckCancel(Delegates.CivilSociety(), Scheduled(Inputs, Now.AddHours(1), out _)).Status);
    }

    [Fact]
    public void the_end_is_a_moment_in_the_future_within_the_horizon()
    {
        foreach (var endsAt in new DateTimeOffset?[] { null, Now, Now.AddSeconds(-1), Now + PhaseEnds.Horizon + TimeSpan.FromSeconds(1) })
        {
            var problem = Assert.IsType<ValidationProblemDetails>((PhaseEnds.Check(Moderator, new SchedulePhaseEndForm(endsAt), In(Inputs), Now)).AsProblem());
            Assert.Equal(["endsAt"], problem.Errors.Keys);
        }

        Assert.True(PhaseEnds.Check(Moderator, new SchedulePhaseEndForm(Now.AddSeconds(1)), In(Inputs), Now).IsNone());
    }

    [Fact]
    public void a_concluded_consultation_has_no_phase_to_end_and_a_stale_screen_is_refused()
    {
        Assert.EndsWith("no-next-phase", PhaseEnds.Check(Moderator, new SchedulePhaseEndForm(Now.AddDays(1)), In(Concluded), Now).Type);
        Assert.EndsWith("stale-consultation", PhaseEnds.Check(Moderator, new SchedulePhaseEndForm(Now.AddDays(1), ExpectedVersion: 4), In(Inputs), Now).Type);
        Assert.EndsWith("stale-consultation", PhaseEnds.Check(Moderator, new SchedulePhaseEndForm(Now.AddDays(1), Drafting), In(Inputs), Now).Type);
    }

    [Fact]
    public void the_message_of_the_current_schedule_moves_the_consultation_on_once()
    {
        var consultation = Scheduled(Endorsement, Now, out var scheduleId);
        var (events, wait) = PhaseEnds.Reach(consultation, scheduleId, Now);
        Assert.Null(wait);
        Assert.Collection(events,
            e => Assert.Equal(new PhaseEndReached(consultation.Id, scheduleId, Endorsement, Now), e),
            e => Assert.Equal(new ConsultationPhaseChanged(consultation.Id, Endorsement, Concluded, null, Moderator.PersonId), e));

        consultation.Apply((ConsultationPhaseChanged)events[1]);
        Assert.Null(consultation.PhaseEnd);
        Assert.Empty(PhaseEnds.Reach(consultation, scheduleId, Now.AddMinutes(1)).Events); // delivered again: nothing
    }

    [Fact]
    public void an_early_message_waits_again_until_the_end()
    {
        var consultation = Scheduled(Inputs, Now.AddSeconds(3), out var scheduleId);
        var (events, wait) = PhaseEnds.Reach(consultation, scheduleId, Now);
        Assert.Empty(events);
        Assert.Equal(Now.AddSeconds(3), wait);
    }

    [Fact]
    public void a_rescheduled_cancelled_or_hand_moved_phase_leaves_the_older_message_nothing_to_do()
    {
        var rescheduled = Scheduled(Inputs, Now.AddHours(1), out var first);
        rescheduled.Apply(PhaseEnds.Schedule(Moderator, new SchedulePhaseEndForm(Now.AddHours(2)), rescheduled, Guid.NewGuid()));
        Assert.Equal(([], null), PhaseEnds.Reach(rescheduled, first, Now.AddHours(3)));

        var cancelled = Scheduled(Inputs, Now, out var second);
        Assert.True(PhaseEnds.CheckCancel(Moderator, cancelled).IsNone());
        cancelled.Apply(PhaseEnds.Cancel(Moderator, cancelled));
        Assert.Null(cancelled.PhaseEnd);
        Assert.Equal(([], null), PhaseEnds.Reach(cancelled, second, Now));
        Assert.EndsWith("no-phase-end", PhaseEnds.CheckCancel(Moderator, cancelled).Type);

        var moved = Scheduled(Inputs, Now, out var third);
        moved.Apply(new ConsultationPhaseChanged(moved.Id, Inputs, Drafting, null, Moderator.PersonId));
        Assert.Equal(([], null), PhaseEnds.Reach(moved, third, Now));
        Assert.Equal(Drafting, moved.Phase);

        Assert.Equal(([], null), PhaseEnds.Reach(null, third, Now));
    }

    [Fact]
    public void past_the_end_an_act_the_next_phase_does_not_allow_is_refused_and_one_it_allows_goes_on()
    {
        var consultation = Scheduled(Endorsement, Now, out _);
        Assert.True(PhaseRules.Check(consultation, ConsultationAct.Endorse, Now.AddSeconds(-1)).IsNone());

        var late = PhaseRules.Check(consultation, ConsultationAct.Endorse, Now);
        Assert.Equal(409, late.Status);
        Assert.EndsWith("phase-ended", late.Type);
        Assert.Equal("endorsement", late.Extensions["phase"]);

        // Moderation of what was received goes on in the concluded phase: not late.
        Assert.True(PhaseRules.Check(consultation, ConsultationAct.ModerateInput, Now.AddHours(1)).IsNone());
        // Inputs are taken in drafting too: the end of the inputs phase does not refuse them.
        Assert.True(PhaseRules.Check(Scheduled(Inputs, Now, out _), ConsultationAct.SubmitInput, Now).IsNone());
        // An act the phase never allowed keeps its wrong-phase problem.
        Assert.EndsWith("wrong-phase", PhaseRules.Check(consultation, ConsultationAct.ProposeAmendment, Now).Type);
    }
}
