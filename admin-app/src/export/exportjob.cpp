#include "exportjob.h"

#include <session/async.h>
#include <session/rowqueries.h>
#include <session/session.h>

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>

#include <limits>

namespace RexOrm::Admin {

namespace {

QByteArray numberText(const QJsonValue &value)
{
    constexpr qint64 notWhole = std::numeric_limits<qint64>::min();
    const qint64 whole = value.toInteger(notWhole);
    if (whole != notWhole)
        return QByteArray::number(whole);
    return QByteArray::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
}

QByteArray compactJson(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QByteArray jsonString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\b':
            out += QLatin1String("\\b");
            break;
        case u'\f':
            out += QLatin1String("\\f");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out.toUtf8();
}

QByteArray jsonValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QJsonValue::Double:
        return numberText(value);
    case QJsonValue::String:
        return jsonString(value.toString());
    case QJsonValue::Array:
    case QJsonValue::Object:
        return compactJson(value);
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QByteArrayLiteral("null");
}

// One CSV field: quoted when it holds a comma, a quote or a line break, and an empty text as ""
// so that it differs from NULL (an empty field).
QByteArray csvField(const QJsonValue &value)
{
    QByteArray text;
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
    case QJsonValue::Double:
        return jsonValue(value);
    case QJsonValue::String:
        text = value.toString().toUtf8();
        if (text.isEmpty())
            return QByteArrayLiteral("\"\"");
        break;
    case QJsonValue::Array:
    case QJsonValue::Object:
        text = compactJson(value);
        break;
    }
    for (const char c : std::as_const(text)) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            text.replace('"', QByteArrayLiteral("\"\""));
            return '"' + text + '"';
        }
    }
    return text;
}

} // namespace

ExportJob::ExportJob(Session *session, QObject *parent) : QObject(parent), m_session(session) {}

ExportJob::~ExportJob()
{
    if (m_file)
        m_file->cancelWriting(); // destroying it uncommitted removes its temporary file
}

void ExportJob::setEntity(const QString &entity)
{
    m_entity = entity;
}

void ExportJob::setWhere(const QJsonObject &where)
{
    m_where = where;
}

void ExportJob::setOrderBy(const QJsonArray &orderBy)
{
    m_orderBy = orderBy;
}

void ExportJob::setFields(const QStringList &fields)
{
    m_requestedFields = fields;
}

void ExportJob::setFormat(Format format)
{
    m_format = format;
}

void ExportJob::setPath(const QString &path)
{
    m_path = path;
}

ExportJob::Format ExportJob::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? Format::Json : Format::Csv;
}

void ExportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    const quint64 run = ++m_run;
    m_done = 0;
    m_total = 0;
    m_fields.clear();

    const auto failLater = [this, run](const QString &message) {
        // finished() never arrives inside start(): callers connect and react the same way.
        QMetaObject::invokeMethod(
            this,
            [this, run, message] {
                if (run == m_run)
                    fail(message);
            },
            Qt::QueuedConnection);
    };
    const QString file = QDir::toNativeSeparators(m_path);
    if (!m_session || !m_session->isOpen())
        return failLater(tr("No database is open."));
    const auto names = m_session->names(m_entity);
    if (!m_session->entity(m_entity) || !names)
        return failLater(tr("The database has no entity named %1.").arg(m_entity));
    QStringList visible;
    for (const auto &[column, field] : names->fields)
        visible << field;
    for (const QString &field : std::as_const(m_requestedFields)) {
        if (!visible.contains(field))
            return failLater(tr("%1 has no field %2.").arg(m_entity, field));
    }
    m_fields = m_requestedFields.isEmpty() ? visible : m_requestedFields;
    if (m_fields.isEmpty())
        return failLater(tr("%1 has no fields to export.").arg(m_entity));
    if (m_path.isEmpty())
        return failLater(tr("Choose a file to export to."));
    const QFileInfo info(m_path);
    if (!info.absoluteDir().exists())
        return failLater(tr("Cannot write %1: the folder %2 does not exist.")
                             .arg(file, QDir::toNativeSeparators(info.absolutePath())));
    if (info.isDir())
        return failLater(tr("Cannot write %1: it is a folder.").arg(file));
    m_names = *names;

    m_file = std::make_unique<QSaveFile>(m_path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        const QString error = m_file->errorString();
        m_file.reset();
        return failLater(tr("Cannot write %1: %2").arg(file, error));
    }
    const auto replaced = [this] { fail(tr("The database was closed during the export.")); };
    m_sessionConnections << connect(m_session, &Session::closed, this, replaced)
                         << connect(m_session, &Session::opened, this, replaced);
    if (!writeHeader())
        return;
    requestCount();
}

void ExportJob::cancel()
{
    if (m_running)
        fail(tr("The export was cancelled; nothing was written."));
}

void ExportJob::requestCount()
{
    const QString query = countDocument(m_names);
    const QJsonObject variables = rowsVariables(m_where);
    const quint64 run = m_run;
    whenFinished(
        m_session->request(query, variables), this,
        [this, run](const QJsonObject &response) {
            if (run != m_run || !m_running)
                return;
            if (const QString errors = responseErrors(response); !errors.isEmpty())
                return fail(errors);
            m_total = response.value(QLatin1String("data"))
                          .toObject()
                          .value(QLatin1String("total"))
                          .toObject()
                          .value(QLatin1String("count"))
                          .toInteger();
            emit progress(0, m_total);
            if (run == m_run && m_running)
                requestPage();
        },
        [this, run](const QString &message) {
            if (run == m_run)
                fail(message);
        });
}

void ExportJob::requestPage()
{
    if (!m_session)
        return fail(tr("The database was closed during the export."));
    const QString query = rowsDocument(m_names, m_fields);
    const QJsonObject variables = rowsVariables(m_where, m_orderBy, pageSize, m_done);
    const quint64 run = m_run;
    whenFinished(
        m_session->request(query, variables), this,
        [this, run](const QJsonObject &response) {
            if (run != m_run || !m_running)
                return;
            if (const QString errors = responseErrors(response); !errors.isEmpty())
                return fail(errors);
            const QJsonArray rows = response.value(QLatin1String("data"))
                                        .toObject()
                                        .value(QLatin1String("rows"))
                                        .toArray();
            if (!writeRows(rows))
                return;
            m_done += rows.size();
            emit progress(m_done, std::max(m_total, m_done));
            if (run != m_run || !m_running)
                return; // cancelled meanwhile
            if (rows.size() < pageSize)
                complete();
            else
                requestPage();
        },
        [this, run](const QString &message) {
            if (run == m_run)
                fail(message);
        });
}

bool ExportJob::writeHeader()
{
    if (m_format == Format::Json)
        return write(QByteArrayLiteral("["));
    QByteArray line;
    for (const QString &field : std::as_const(m_fields)) {
        if (!line.isEmpty())
            line += ',';
        line += csvField(field);
    }
    return write(line + "\r\n");
}

bool ExportJob::writeRows(const QJsonArray &rows)
{
    QByteArray out;
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        if (m_format == Format::Json) {
            out += m_done == 0 && out.isEmpty() ? "\n{" : ",\n{";
            for (qsizetype i = 0; i < m_fields.size(); ++i) {
                if (i > 0)
                    out += ',';
                out += jsonString(m_fields.at(i)) + ':' + jsonValue(row.value(m_fields.at(i)));
            }
            out += '}';
        } else {
            for (qsizetype i = 0; i < m_fields.size(); ++i) {
                if (i > 0)
                    out += ',';
                out += csvField(row.value(m_fields.at(i)));
            }
            out += "\r\n";
        }
    }
    return write(out);
}

bool ExportJob::write(const QByteArray &bytes)
{
    if (m_file->write(bytes) == bytes.size())
        return true;
    fail(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(m_path), m_file->errorString()));
    return false;
}

void ExportJob::complete()
{
    if (m_format == Format::Json && !write(QByteArrayLiteral("\n]\n")))
        return;
    if (!m_file->commit()) {
        const QString error = m_file->errorString();
        return fail(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(m_path), error));
    }
    m_file.reset();
    stop();
    emit finished(true, tr("Exported %n row(s) to %1.", nullptr, int(m_done))
                            .arg(QDir::toNativeSeparators(m_path)));
}

void ExportJob::fail(const QString &message)
{
    if (!m_running)
        return;
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset(); // removes the temporary file; the target stays as it was
    }
    stop();
    emit finished(false, message);
}

void ExportJob::stop()
{
    m_running = false;
    ++m_run; // answers still on their way are dropped
    for (const QMetaObject::Connection &c : std::as_const(m_sessionConnections))
        disconnect(c);
    m_sessionConnections.clear();
}

} // namespace RexOrm::Admin
