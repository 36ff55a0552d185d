-- One penguin per request (or the body in WRK_BODY), with the API key from MLOPS_KEY.
wrk.method = "POST"
wrk.path = os.getenv("WRK_PATH") or "/"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("MLOPS_KEY") or ""
local body = os.getenv("WRK_BODY")
wrk.body = (body ~= nil and body ~= "") and body or '{"records":[{"Island":"Biscoe","Beak Length (mm)":47.6,"Beak Depth (mm)":14.5,"Flipper Length (mm)":215,"Body Mass (g)":5400}]}'
