using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.ApiKeys;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Identity;

/// <summary>On first start: the roles, the first Admin and the bootstrap API key.</summary>
internal sealed class IdentityBootstrapper(
    IServiceScopeFactory scopes, IOptions<BootstrapOptions> options, ILogger<IdentityBootstrapper> logger) : IModuleInitializer
{
    public const string DefaultAdminEmail = "admin@localhost";

    public int Order => 10;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All.Where(r => !roles.Roles.Any(existing => existing.Name == r)))
            await roles.CreateAsync(new IdentityRole(role));

        var users = services.GetRequiredService<UserManager<IdentityUser>>();
        if (!await users.Users.AnyAsync(cancellationToken)) await CreateFirstAdminAsync(services, cancellationToken);

        if (!string.IsNullOrWhiteSpace(options.Value.ApiKey))
            await services.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(options.Value.ApiKey, await BootstrapAdminIdAsync(users), cancellationToken);
    }

    /// <summary>The bootstrap key acts for the first Admin, or for another Admin once that account is gone.</summary>
    private async Task<string> BootstrapAdminIdAsync(UserManager<IdentityUser> users)
    {
        var first = await users.FindByEmailAsync(string.IsNullOrWhiteSpace(options.Value.AdminEmail) ? DefaultAdminEmail : options.Value.AdminEmail.Trim());
        if (first is not null) return first.Id;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.OrderBy(a => a.Email, StringComparer.Ordinal).FirstOrDefault()?.Id
            ?? throw new InvalidOperationException("The bootstrap API key needs an Admin to act for, and there is none.");
    }

    private async Task CreateFirstAdminAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var configured = !string.IsNullOrWhiteSpace(options.Value.AdminEmail) && !string.IsNullOrWhiteSpace(options.Value.AdminPassword);
        var email = configured ? options.Value.AdminEmail!.Trim() : DefaultAdminEmail;
        var password = configured ? options.Value.AdminPassword! : GeneratePassword();

        var result = await services.GetRequiredService<IUserAdministration>()
            .CreateAsync(new NewUser(email, password, Roles.Admin), "system", cancellationToken);
        if (!result.Succeeded)
            throw new InvalidOperationException($"The bootstrap admin could not be created: {string.Join(" ", result.Problems.Values.SelectMany(m => m))}");

        if (configured)
        {
            logger.LogInformation("Created the first Admin {Email} from the Bootstrap settings", email);
            return;
        }

        // A plain line of its own, outside the structured log: a person copies it from the terminal, and the
        // password stays out of log files and collectors.
        await Console.Out.WriteLineAsync($"{Environment.NewLine}Sign in as {email} with the password {password}  (shown only this once){Environment.NewLine}");
        logger.LogWarning("Created the first Admin {Email} with a generated password, printed once on the console", email);
    }

    private static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%*-_+=";
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        const string all = lower + upper + digits + symbols;
        while (chars.Count < 20) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }
}
