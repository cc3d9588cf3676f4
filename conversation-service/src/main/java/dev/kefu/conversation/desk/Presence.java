package dev.kefu.conversation.desk;

/** ONLINE agents are routed waiting buyers; AWAY ones keep theirs but get no new ones; OFFLINE ones release theirs. */
public enum Presence { ONLINE, AWAY, OFFLINE }
