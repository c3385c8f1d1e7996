#pragma once

#include <rexorm/database/databaseconfig.h>
#include <rexorm/graphql/service.h>
#include <rexorm/server/server.h>

#include <QtCore/QDir>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>

#include <chrono>

namespace RexOrm {

// Everything `rexorm serve` (or an embedding program) configures about serving, read from the
// "server" section of a configuration file, from REXORM_SERVE_* environment variables and from
// flags, each overriding the one before. docs/server.md lists every key and variable.
struct REXORM_SERVER_EXPORT ServerConfig
{
    ServerOptions server;
    GraphQL::ServiceOptions service;
    // Each SQL statement a request runs is cancelled after this long; 0 keeps the database
    // configuration's own statementTimeout. Applied with applyTo(DatabaseConfig &).
    int statementTimeoutMs = 0;
    std::chrono::milliseconds shutdownGrace = std::chrono::seconds(10);

    // Applies a JSON object in the "server" section's form. Relative file paths (TLS, JWT secret
    // file) are taken relative to baseDir. Throws ConfigError naming the key, under keyPath
    // ("server.limits.maxBodyBytes"); keys not listed in docs/server.md are errors too.
    void applyJson(const QJsonObject &object, const QDir &baseDir = QDir::current(),
                   const QString &keyPath = QStringLiteral("server"));
    // Applies the REXORM_SERVE_* variables that are set; throws ConfigError naming the variable.
    void applyEnvironment(const QProcessEnvironment &environment);
    // The statement timeout onto the database configuration the service will use.
    void applyTo(DatabaseConfig &database) const;

    // The configuration in effect as the "server" section's JSON, with every secret left out
    // (API keys and the JWT secret show as counts and "set").
    QJsonObject toJson() const;
};

} // namespace RexOrm
