#pragma once

#include <rexorm/graphql/liveapi.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

#include <memory>

class QSaveFile;

namespace RexOrm::Admin {

class Session;

// Exports the rows of one entity as the grid shows them: filtered by a GraphQL `where` and sorted
// by an `orderBy` (by field name), to CSV (RFC 4180, UTF-8, a header row of field names; NULL is
// an empty field, an empty text a quoted "") or JSON (an array of objects, written page by
// page). It reads the row count first, then pages of pageSize rows through the session's GraphQL
// API (the key breaks ties, so pages neither overlap nor skip). Values are written as the API
// returns them: BigInt and Decimal as their exact text, date-times in ISO 8601. The file is
// written through QSaveFile: it appears only once complete, and a failed or cancelled export
// leaves an existing file untouched.
class ExportJob : public QObject
{
    Q_OBJECT
public:
    enum class Format { Csv, Json };
    Q_ENUM(Format)
    static constexpr int pageSize = 1000;

    explicit ExportJob(Session *session, QObject *parent = nullptr);
    ~ExportJob() override;

    void setEntity(const QString &entity);
    void setWhere(const QJsonObject &where);    // <Type>Where, by field name
    void setOrderBy(const QJsonArray &orderBy); // [{field, direction}]
    void setFields(const QStringList &fields);  // empty: every visible field, in order
    void setFormat(Format format);
    void setPath(const QString &path);

    QString entity() const { return m_entity; }
    Format format() const { return m_format; }
    QString path() const { return m_path; }
    bool isRunning() const { return m_running; }
    qint64 rowsWritten() const { return m_done; }

    // The format a file name suggests (.json is JSON, anything else CSV).
    static Format formatForPath(const QString &path);

public slots:
    // Starts the export; finished() follows, also for a failure found before any request.
    void start();
    // Stops a running export and discards what it wrote; finished(false, ...) follows at once.
    void cancel();

signals:
    void progress(qint64 done, qint64 total);
    void finished(bool ok, const QString &message);

private:
    void requestCount();
    void requestPage();
    bool writeHeader();
    bool writeRows(const QJsonArray &rows);
    bool write(const QByteArray &bytes);
    void fail(const QString &message);
    void complete();
    void stop();

    QPointer<Session> m_session;
    QString m_entity;
    QJsonObject m_where;
    QJsonArray m_orderBy;
    QStringList m_requestedFields;
    Format m_format = Format::Csv;
    QString m_path;

    // The running export.
    bool m_running = false;
    quint64 m_run = 0; // answers of an earlier run are ignored
    QStringList m_fields;
    GraphQL::EntityNames m_names;
    std::unique_ptr<QSaveFile> m_file;
    qint64 m_total = 0;
    qint64 m_done = 0;
    QList<QMetaObject::Connection> m_sessionConnections;
};

} // namespace RexOrm::Admin
