# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props MlOps.sln appsettings.json ./
COPY MlOps.Modules/MlOps.Modules.csproj MlOps.Modules/
COPY MlOps.Web/MlOps.Web.csproj MlOps.Web/
RUN dotnet restore MlOps.Web/MlOps.Web.csproj
COPY MlOps.Modules/ MlOps.Modules/
COPY MlOps.Web/ MlOps.Web/
RUN dotnet publish MlOps.Web/MlOps.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# LightGBM needs OpenMP at run time.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown app:app /data
WORKDIR /app
COPY --from=build --chown=app:app /app .
ENV MlOps__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
VOLUME ["/data"]
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "MlOps.Web.dll"]
