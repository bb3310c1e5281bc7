using System.Globalization;

namespace SsoTools.Emulator;

/// <summary>
/// The deterministic directory: account i (1-based) is 111111110000 + i, named account-00i;
/// every account has the same first RolesPerAccount roles. Computed, never stored, so that
/// a bench can ask for thousands of accounts at no cost. With --account-ids, account i takes
/// the i-th listed id instead (accounts past the list keep generated ids).
/// </summary>
internal static class AccountCatalog
{
    private const long AccountBase = 111111110000L;

    private static readonly string[] RoleNames =
    {
        "ReadOnly", "Admin", "PowerUser", "Billing", "Developer",
        "SecurityAudit", "ViewOnly", "NetworkAdmin", "DatabaseAdmin", "SupportUser",
    };

    public static string AccountId(int index, string[] ids) =>
        index <= ids.Length ? ids[index - 1] : (AccountBase + index).ToString("D12", CultureInfo.InvariantCulture);

    public static string AccountName(int index) => "account-" + index.ToString("D3", CultureInfo.InvariantCulture);

    public static string Email(int index) => "owner+" + index.ToString("D3", CultureInfo.InvariantCulture) + "@example.com";

    /// <summary>Role j (0-based); past the named list, Role011, Role012, ...</summary>
    public static string RoleName(int j) =>
        j < RoleNames.Length ? RoleNames[j] : "Role" + (j + 1).ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>Finds the 1-based index of an account id among the first <paramref name="accounts"/>.</summary>
    public static bool TryFindAccount(string? accountId, int accounts, string[] ids, out int index)
    {
        index = 0;
        int listed = System.Array.IndexOf(ids, accountId);
        if (listed >= 0 && listed < accounts)
        {
            index = listed + 1;
            return true;
        }
        if (accountId is null || accountId.Length != 12 ||
            !long.TryParse(accountId, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return false;
        }
        long i = n - AccountBase;
        if (i < 1 || i <= ids.Length || i > accounts)
        {
            return false;
        }
        index = (int)i;
        return true;
    }

    public static bool HasRole(string? roleName, int rolesPerAccount)
    {
        for (int j = 0; j < rolesPerAccount; j++)
        {
            if (string.Equals(RoleName(j), roleName, System.StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
