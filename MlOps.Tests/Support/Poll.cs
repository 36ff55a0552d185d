namespace MlOps.Tests.Support;

/// <summary>Reads again and again, the way a client watches work that finishes a moment later, until a condition holds.</summary>
public static class Poll
{
    /// <exception cref="TimeoutException">The condition never held; the message describes the last value read.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, int intervalMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(describe(value));
            await Task.Delay(intervalMilliseconds);
        }
    }
}
