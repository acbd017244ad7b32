using Marten;

namespace ConsultationPlatform.Common;

/// <summary>
/// One database transaction per act (issue 14): the act's session begins its transaction before the handler's reads,
/// so the decision's reads (the point, the consultation, the accreditation, the stream fetched for writing) and the
/// append commit together, where each read was a transaction of its own before (three commits per endorsement, now
/// one). Under READ COMMITTED each statement still sees what is committed when it runs, exactly as before; no read
/// takes a lock; the stream's version check at the append is unchanged. A refused act commits nothing: its session
/// ends with the transaction rolled back (it wrote nothing). When an Idempotency-Key's transaction is already
/// enlisted (<c>Infrastructure/Idempotency</c>), the session is in that transaction and this does nothing.
/// Registered for the handler chain of every <see cref="IAct"/> (Hosting/ConsultationApp.cs).
/// </summary>
public static class ActTransaction
{
    public static ValueTask BeforeAsync(IDocumentSession session, CancellationToken cancellation) => session.BeginTransactionAsync(cancellation);
}
