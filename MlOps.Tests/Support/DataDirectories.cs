namespace MlOps.Tests.Support;

/// <summary>Removes a test app's data directory once the app has stopped.</summary>
public static class DataDirectories
{
    /// <summary>
    /// Deletes the directory, trying again for a few seconds: work the stopped host let finish in the background
    /// (an abandoned fit, a last log flush) may still create a file while the recursive delete walks the tree.
    /// </summary>
    public static async Task DeleteAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 40)
            {
                await Task.Delay(250);
            }
        }
    }
}
