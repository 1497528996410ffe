using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmartLab.Domain.Accounts;
using SmartLab.Hub.Instruments;
using SmartLab.Storage.LiteDb;

namespace SmartLab.Hub.Accounts;

/// <summary>API accounts and their bearer tokens (stored as hashes only).</summary>
public sealed class AccountService(LiteDbStore store, TimeProvider time, ILogger<AccountService> logger)
{
    readonly ConcurrentDictionary<string, Account?> _byTokenKey = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Account?> _byId = new(StringComparer.Ordinal);

    public Account? FindByToken(string token)
    {
        var key = Secrets.TokenKey(token);
        if (_byTokenKey.TryGetValue(key, out var cached) && cached is not null)
        {
            return cached;
        }

        var account = store.FindAccountByTokenHash(key);
        if (account is not null)
        {
            _byTokenKey[key] = account;
        }

        return account;
    }

    /// <summary>Creates (or re-keys) an account and returns its new token.</summary>
    /// <summary>An account by id, from memory after the first read (the webhook sender asks for every job transition).</summary>
    public Account? Find(string id) => _byId.TryGetValue(id, out var cached) ? cached : _byId[id] = store.GetAccount(id);

    /// <summary>Sets or clears the account's webhook.</summary>
    public async Task SetWebhookAsync(string id, string? url, string? secret, CancellationToken cancellationToken)
    {
        var account = store.GetAccount(id) ?? throw new InvalidOperationException($"account {id} does not exist");
        account.WebhookUrl = url;
        account.WebhookSecret = url is null ? null : secret;
        await store.UpsertAccountAsync(account, cancellationToken).ConfigureAwait(false);
        _byTokenKey.TryRemove(account.TokenHash, out _);
        _byId[id] = account;
    }

    public async Task<string> IssueAsync(string id, string role, string? displayName, CancellationToken cancellationToken,
        string? onBehalfOf = null)
    {
        var token = Secrets.Generate();
        var previous = store.GetAccount(id);
        var account = new Account
        {
            Id = id,
            Role = role,
            DisplayName = displayName ?? previous?.DisplayName,
            TokenHash = Secrets.TokenKey(token),
            CreatedAt = previous?.CreatedAt ?? time.GetUtcNow(),
            OnBehalfOf = onBehalfOf ?? previous?.OnBehalfOf,
            WebhookUrl = previous?.WebhookUrl,
            WebhookSecret = previous?.WebhookSecret,
        };
        await store.UpsertAccountAsync(account, cancellationToken).ConfigureAwait(false);
        _byId[id] = account;
        if (previous is not null)
        {
            _byTokenKey.TryRemove(previous.TokenHash, out _);
        }

        return token;
    }

    /// <summary>On a fresh data folder, creates the first admin and writes its token to a file only the hub's user can read.</summary>
    public async Task EnsureAdminAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (store.ListAccounts().Any(a => a.Role == Roles.Admin))
        {
            return;
        }

        var token = await IssueAsync("admin", Roles.Admin, "Administrator", cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(dataDirectory, "admin-token");
        await File.WriteAllTextAsync(path, token + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogWarning("Created the first admin account; its bearer token is in {Path}", Path.GetFullPath(path));
    }
}
