package dev.kefu.conversation.desk;

/**
 * What an agent works on (售前 pre-sale, 售后 after-sale, or supervising), and so which waiting buyers are routed to
 * them. Supervisors are never routed buyers; they transfer conversations and see every agent.
 */
public enum DeskRole { PRE_SALE, AFTER_SALE, SUPERVISOR }
