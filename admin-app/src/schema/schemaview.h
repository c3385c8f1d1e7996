#pragma once

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QLabel;
class QTabWidget;
class QTableView;

namespace RexOrm::Admin {

class Session;
class SchemaTableModel;

// The schema of one entity of the open session: its columns, indexes, foreign keys and
// relations, as the session's EntityInfo describes them (no SQL runs). Double-clicking a foreign
// key or a relation emits entityActivated() with the entity it points at.
class SchemaView : public QWidget
{
    Q_OBJECT
public:
    enum ColumnsColumn {
        ColumnName,
        ColumnField, // the GraphQL field
        ColumnType,
        ColumnNullable,
        ColumnDefault,
        ColumnPrimaryKey,
        ColumnUnique,
        ColumnAutoIncrement,
        ColumnHidden,
        ColumnReadOnly,
        ColumnValidation,
        ColumnsColumnCount
    };
    enum IndexesColumn { IndexName, IndexColumns, IndexUnique, IndexesColumnCount };
    enum ForeignKeysColumn {
        ForeignKeyName,
        ForeignKeyColumns,
        ForeignKeyReferencedTable,
        ForeignKeyReferencedColumns,
        ForeignKeyOnDelete,
        ForeignKeyOnUpdate,
        ForeignKeysColumnCount
    };
    enum RelationsColumn {
        RelationName,
        RelationKind,
        RelationTarget,
        RelationKeys,
        RelationsColumnCount
    };

    explicit SchemaView(Session *session, QWidget *parent = nullptr);
    ~SchemaView() override;

    QString entity() const { return m_entityName; }
    SchemaTableModel *columnsModel() const { return m_columns; }
    SchemaTableModel *indexesModel() const { return m_indexes; }
    SchemaTableModel *foreignKeysModel() const { return m_foreignKeys; }
    SchemaTableModel *relationsModel() const { return m_relations; }
    QString summary() const; // the line above the tables

    // A column's type as the database names it, with its length or precision.
    static QString typeText(const ColumnInfo &column);

public slots:
    // Shows name's schema; an empty or unknown name clears the view (saying so).
    void setEntity(const QString &name);

signals:
    void entityActivated(const QString &name);

private:
    void refresh();
    void activateForeignKey(const QModelIndex &index);
    void activateRelation(const QModelIndex &index);

    QPointer<Session> m_session;
    QString m_entityName;
    EntityInfo m_entity; // a copy: the session's registry goes away when it closes
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    SchemaTableModel *m_columns = nullptr;
    SchemaTableModel *m_indexes = nullptr;
    SchemaTableModel *m_foreignKeys = nullptr;
    SchemaTableModel *m_relations = nullptr;
};

} // namespace RexOrm::Admin
