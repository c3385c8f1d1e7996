#pragma once

#include <rexorm/error.h>
#include <rexorm/migrations/schema.h>

#include <QtCore/QMap>

#include <functional>
#include <memory>

namespace RexOrm {

// A migration could not run, or the state it found forbids running (a changed checksum, a
// half-applied migration, another migrator holding the lock).
class REXORM_CORE_EXPORT MigrationError : public Error
{
public:
    using Error::Error;
};

// A schema change written in C++. Migrations are named "<timestamp>_<name>"
// (20260101120000_create_users) and run in name order, mixed with SQL file migrations.
class REXORM_CORE_EXPORT Migration
{
public:
    virtual ~Migration();
    virtual void up(Schema &schema) = 0;
    virtual void down(Schema &schema) = 0;
    // Recorded when applied and compared afterwards, like a SQL file's hash: change it when an
    // applied migration's code changes meaning. Empty (the default): not compared.
    virtual QString checksum() const { return {}; }
};

// The C++ migrations linked into a program, filled by REXORM_MIGRATION.
class REXORM_CORE_EXPORT MigrationRegistry
{
public:
    using Factory = std::function<std::unique_ptr<Migration>()>;
    // Throws MigrationError for a malformed or duplicate name.
    static void add(const QString &name, Factory factory);
    static QMap<QString, Factory> all();
};

// Throws MigrationError unless name is "<digits>_<word characters>" with at least 8 digits.
REXORM_CORE_EXPORT void checkMigrationName(const QString &name);

} // namespace RexOrm

// One line per C++ migration, at namespace scope in a .cpp of the program:
//     REXORM_MIGRATION(CreateUsers, "20260101120000_create_users")
#define REXORM_MIGRATION(Class, Name)                                                              \
    static const bool rexormMigrationRegistered_##Class = [] {                                     \
        RexOrm::MigrationRegistry::add(QStringLiteral(Name),                                       \
                                       [] { return std::make_unique<Class>(); });                  \
        return true;                                                                               \
    }();
