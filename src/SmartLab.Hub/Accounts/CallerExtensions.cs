using System.Security.Claims;
using SmartLab.Domain.Accounts;

namespace SmartLab.Hub.Accounts;

public static class CallerExtensions
{
    public static string AccountId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? Roles.User;

    /// <summary>Staff and admins see everything; users and automation accounts only what they own.</summary>
    public static bool SeesEverything(this ClaimsPrincipal user) => Roles.SeesEverything(user.Role());
}
