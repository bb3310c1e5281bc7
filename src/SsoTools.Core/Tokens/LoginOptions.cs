using System;

namespace SsoTools.Core.Tokens
{
    /// <summary>Which sign-in flow runs.</summary>
    public enum LoginFlow
    {
        /// <summary>The browser (authorization code with PKCE) where a browser can answer, else the device code, said in one line.</summary>
        Auto,
        /// <summary>The browser, even where none can be opened here (the URL is shown, the redirect may be pasted back).</summary>
        Browser,
        DeviceCode,
    }

    public static class LoginFlows
    {
        /// <summary>The flow the switches ask for: -CallbackPort means the browser (its redirect comes to that port).</summary>
        public static LoginFlow From(bool useDeviceCode, bool useBrowser, int? callbackPort)
        {
            if (useDeviceCode && (useBrowser || callbackPort.HasValue))
                throw new Errors.SsoException(Errors.ErrorIds.InvalidValue, Errors.SsoErrorKind.InvalidArgument,
                    "-UseDeviceCode signs in with a code and no redirect, so it goes with neither -UseBrowser nor -CallbackPort. Give one of them.", null);
            if (useDeviceCode) return LoginFlow.DeviceCode;
            return useBrowser || callbackPort.HasValue ? LoginFlow.Browser : LoginFlow.Auto;
        }
    }

    public sealed class LoginOptions
    {
        public LoginFlow Flow { get; set; }
        /// <summary>Device authorization instead of the authorization code flow with PKCE.</summary>
        public bool UseDeviceCode { get => Flow == LoginFlow.DeviceCode; set { if (value) Flow = LoginFlow.DeviceCode; else if (Flow == LoginFlow.DeviceCode) Flow = LoginFlow.Auto; } }
        /// <summary>Print the URL (and code); open nothing.</summary>
        public bool NoBrowser { get; set; }
        /// <summary>Sign in again even when the cached token is still good; the old token is revoked only once the new one is saved.</summary>
        public bool Force { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
        /// <summary>The loopback port of the browser's redirect; null: the session's ssotools_callback_port, else any free port.</summary>
        public int? CallbackPort { get; set; }
    }
}
