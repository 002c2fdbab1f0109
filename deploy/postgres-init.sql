-- frist's read model lives beside Temporal's databases in this compose topology, in its own database and role.
CREATE ROLE frist LOGIN PASSWORD 'frist';
CREATE DATABASE frist OWNER frist;
