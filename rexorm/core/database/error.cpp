#include <rexorm/error.h>

namespace RexOrm {

Error::Error(QString message) : m_message(std::move(message)), m_utf8(m_message.toUtf8()) {}

Error::~Error() = default;

const char *Error::what() const noexcept
{
    return m_utf8.constData();
}

static QString databaseErrorMessage(const QString &databaseName, const QString &what,
                                    const QString &driverText, const QString &nativeCode,
                                    const QString &sql, const QStringList &parameterTypes)
{
    QString message = QStringLiteral("%1 %2 error: %3").arg(databaseName, what, driverText);
    if (!nativeCode.isEmpty())
        message += QStringLiteral(" [code %1]").arg(nativeCode);
    if (!sql.isEmpty())
        message += QStringLiteral("\n  SQL: %1").arg(sql);
    if (!parameterTypes.isEmpty())
        message += QStringLiteral("\n  parameters (values redacted): %1")
                       .arg(parameterTypes.join(QStringLiteral(", ")));
    return message;
}

DatabaseError::DatabaseError(const QString &databaseName, const QString &what,
                             const QString &driverText, const QString &nativeCode,
                             const QString &sql, const QStringList &parameterTypes)
    : Error(databaseErrorMessage(databaseName, what, driverText, nativeCode, sql, parameterTypes)),
      m_driverText(driverText), m_nativeCode(nativeCode), m_sql(sql),
      m_parameterTypes(parameterTypes)
{}

} // namespace RexOrm
