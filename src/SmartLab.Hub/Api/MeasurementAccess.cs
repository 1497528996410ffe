using System.Security.Claims;
using SmartLab.Domain.Measurements;
using SmartLab.Hub.Accounts;
using SmartLab.Hub.Jobs;

namespace SmartLab.Hub.Api;

/// <summary>
/// Who may see a measurement, in one place for every path that shows one (list, get, files, exports, a sample's
/// measurements): staff and admins always; otherwise only its owner (the account itself or, for an automation
/// account, the user it acts for). An embargo holds that line until its date whatever else would grant access.
/// </summary>
public static class MeasurementAccess
{
    public static bool CanSee(MeasurementRecord measurement, ClaimsPrincipal user, DateTimeOffset now)
    {
        if (user.SeesEverything())
        {
            return true;
        }

        var caller = Caller.From(user);
        var owns = measurement.Owner is { } owner && (owner == caller.Id || owner == caller.Owner);
        if (measurement.IsEmbargoedAt(now))
        {
            return owns;
        }

        // No wider sharing of measurements exists yet: after an embargo the owner is still the only one.
        return owns;
    }

    /// <summary>The owner filter a list applies for this caller (null: staff, no filter).</summary>
    public static string? OwnerFilter(ClaimsPrincipal user) => user.SeesEverything() ? null : Caller.From(user).Owner;
}
