using System.Text.Json;

// The throughput floor for Serving's benchmark: one JSON POST endpoint that answers its body.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapPost("/echo", (JsonElement body) => TypedResults.Ok(body));
await app.RunAsync();
