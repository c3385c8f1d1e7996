#pragma once

#include <rexorm/global.h>

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <exception>

namespace RexOrm {

// Base of every exception RexOrm throws. The message never contains a password or a bound value.
class REXORM_CORE_EXPORT Error : public std::exception
{
public:
    explicit Error(QString message);
    ~Error() override;

    const char *what() const noexcept override;
    const QString &message() const noexcept { return m_message; }

private:
    QString m_message;
    QByteArray m_utf8;
};

// A malformed URL, JSON configuration or environment variable; the message names the bad part.
class REXORM_CORE_EXPORT ConfigError : public Error
{
public:
    using Error::Error;
};

// Opening a connection failed, or an open one was lost.
class REXORM_CORE_EXPORT ConnectionError : public Error
{
public:
    using Error::Error;
};

// No connection became free within the acquire timeout; the message holds the pool's state.
class REXORM_CORE_EXPORT PoolExhaustedError : public Error
{
public:
    using Error::Error;
};

// A statement failed on the server. Parameters are described by type only, never by value.
class REXORM_CORE_EXPORT DatabaseError : public Error
{
public:
    DatabaseError(const QString &databaseName, const QString &what, const QString &driverText,
                  const QString &nativeCode, const QString &sql, const QStringList &parameterTypes);

    const QString &driverText() const noexcept { return m_driverText; }
    const QString &nativeCode() const noexcept { return m_nativeCode; }
    const QString &sql() const noexcept { return m_sql; }
    const QStringList &parameterTypes() const noexcept { return m_parameterTypes; }

private:
    QString m_driverText;
    QString m_nativeCode;
    QString m_sql;
    QStringList m_parameterTypes;
};

// A statement ran longer than its timeout and was cancelled by the server or by RexOrm.
class REXORM_CORE_EXPORT StatementTimeoutError : public DatabaseError
{
public:
    using DatabaseError::DatabaseError;
};

// Begin, commit, rollback or savepoint handling failed, or a statement is not allowed in the
// current transaction state.
class REXORM_CORE_EXPORT TransactionError : public Error
{
public:
    using Error::Error;
};

} // namespace RexOrm
