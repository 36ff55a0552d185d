-- One penguin per request, with the API key from MLOPS_KEY.
wrk.method = "POST"
wrk.path = os.getenv("WRK_PATH") or "/"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("MLOPS_KEY") or ""
wrk.body = '{"records":[{"Island":"Biscoe","Beak Length (mm)":47.6,"Beak Depth (mm)":14.5,"Flipper Length (mm)":215,"Body Mass (g)":5400}]}'
