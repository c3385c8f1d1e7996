#pragma once

#include <rexorm/model/model.h>

// Compiled models for the generated API: a QObject model and a Q_GADGET one, annotated.
class ApiUser : public RexOrm::Model
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "api_users")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.name",
                "length=100 notNull validate.required message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.passwordHash", "column=password_hash hidden")
    Q_CLASSINFO("rex.relation.posts", "hasMany ApiPost foreignKey=user_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString passwordHash MEMBER passwordHash)

public:
    Q_INVOKABLE explicit ApiUser(QObject *parent = nullptr) : RexOrm::Model(parent) {}
    qint64 id = 0;
    QString name;
    QString passwordHash;
};

struct ApiPost
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "api_posts")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.userId", "column=user_id notNull")
    Q_CLASSINFO("rex.column.title", "length=200 notNull")
    Q_CLASSINFO("rex.relation.author", "belongsTo ApiUser foreignKey=user_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 userId MEMBER userId)
    Q_PROPERTY(QString title MEMBER title)

public:
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
};
