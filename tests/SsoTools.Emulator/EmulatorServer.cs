using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SsoTools.Emulator;

/// <summary>
/// A running emulator: Kestrel on 127.0.0.1 speaking SSO OIDC and SSO portal rest-json.
/// Tests start one in-process with StartAsync; Program runs one as a console process.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorContext _ctx;

    private EmulatorServer(WebApplication app, EmulatorContext ctx, int port)
    {
        _app = app;
        _ctx = ctx;
        Port = port;
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash: the value for
    /// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.</summary>
    public string BaseUrl => _ctx.BaseUrl;

    public int Port { get; }

    /// <summary>Live options: changes apply to the next request.</summary>
    public EmulatorOptions Options => _ctx.Options;

    /// <summary>A snapshot of the request counters (every key present, zero or not).</summary>
    public IReadOnlyDictionary<string, long> Counters => _ctx.Counters.Snapshot();

    public static Task<EmulatorServer> StartAsync(EmulatorOptions? options = null) =>
        StartAsync(options, TimeProvider.System, CancellationToken.None);

    internal static async Task<EmulatorServer> StartAsync(EmulatorOptions? options, TimeProvider time, CancellationToken cancellationToken)
    {
        options ??= new EmulatorOptions();
        var ctx = new EmulatorContext(options, time);

        // The empty builder reads no configuration files, environment or command line and
        // adds no loggers: nothing from the test host's environment leaks in (ASPNETCORE_URLS,
        // appsettings.json), nothing is printed, and start-up stays short.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });

        WebApplication app = builder.Build();
        var router = new Router(ctx);
        app.Run(router.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(address).Port;
        ctx.BaseUrl = "http://127.0.0.1:" + port;
        return new EmulatorServer(app, ctx, port);
    }

    public void ResetCounters() => _ctx.Counters.Reset();

    /// <summary>Every access token issued so far is rejected by the portal (401); refresh tokens still work.</summary>
    public void ExpireAllTokens() => _ctx.State.ExpireAllTokens();

    /// <summary>All client registrations become unknown (InvalidClientException).</summary>
    public void ForgetClients() => _ctx.State.ForgetClients();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The default lifetime hooks Ctrl+C and SIGTERM for the whole process; inside a test host
    /// that is not ours to take, and the console program handles its own signals.
    /// </summary>
    private sealed class QuietHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
