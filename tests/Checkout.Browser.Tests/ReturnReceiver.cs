using System.Net;
using System.Text;

namespace Checkout.Browser.Tests;

/// <summary>The merchant's return page: a loopback listener answering every GET with a small HTML page.</summary>
internal sealed class ReturnReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public ReturnReceiver()
    {
        Port = World.FreePort();
        Url = $"http://127.0.0.1:{Port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var body = Encoding.UTF8.GetBytes("<!doctype html><html><head><meta charset=\"utf-8\"><title>Shop</title></head>"
                + "<body><h1 id=\"back\">Back at the shop</h1></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
