#pragma once

#include <rexorm/global.h>

#include <QtCore/QMap>
#include <QtCore/QString>

namespace RexOrm {

// Everything needed to open connections to one database. Build it from a URL, a JSON file or
// the REXORM_DATABASE_URL environment variable; every parser throws ConfigError on bad input.
struct REXORM_CORE_EXPORT DatabaseConfig
{
    QString driver; // dialect name: "sqlite", "postgres", "mysql", "mariadb", or a plugin's
    QString host;
    int port = 0; // 0: the driver's default
    QString user;
    QString password;
    QString databaseName;           // server databases
    QString databasePath;           // SQLite: a file path, or ":memory:"
    QMap<QString, QString> options; // driver options, e.g. sslmode, connect_timeout

    int poolSize = 10;               // most connections open at once
    int idleTimeoutMs = 30000;       // an idle connection is closed after this long
    int acquireTimeoutMs = 5000;     // how long acquire() waits for a free slot
    int validationIntervalMs = 1000; // a connection idle longer than this is pinged before use
    int statementTimeoutMs = 0;      // default per-statement timeout, 0: none
    int slowQueryMs = 500;           // statements slower than this are logged as warnings
    int executorThreads = 2;         // threads that run the asynchronous API
    int statementCacheSize = 64;     // prepared statements kept per connection
    bool logParameterValues = false; // rexorm.sql debug output shows values, not only types
    // SQLite: every row a RexOrm connection changes, raw SQL included, becomes a row event with
    // its old and new values (sqlite3's pre-update, commit and rollback hooks); the application's
    // own events for those writes are then not published a second time.
    bool captureChanges = false;

    bool isInMemory() const;

    static DatabaseConfig fromUrl(const QString &url);
    static DatabaseConfig fromJson(const QByteArray &json);
    static DatabaseConfig fromJsonFile(const QString &path);
    // Reads REXORM_DATABASE_URL; throws ConfigError when it is unset or malformed.
    static DatabaseConfig fromEnvironment(const char *variable = "REXORM_DATABASE_URL");

    // The URL form; the password is replaced by "***" unless includePassword is true.
    QString toUrl(bool includePassword = false) const;

    // Throws ConfigError when a field is out of range or the driver is unknown.
    void validate() const;
};

} // namespace RexOrm
