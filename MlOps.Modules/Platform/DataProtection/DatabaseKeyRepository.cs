using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Data;

namespace MlOps.Modules.Platform.DataProtection;

/// <summary>
/// Keeps the Data Protection key ring in the shared database, so a sign-in cookie or antiforgery token issued by
/// one replica is read by every other. The interface is synchronous; keys are read and written rarely.
/// </summary>
internal sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
