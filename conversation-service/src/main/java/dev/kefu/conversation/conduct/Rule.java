package dev.kefu.conversation.conduct;
public enum Rule { INSULT, INTERROGATION, PAID_REVIEW, OFF_PLATFORM }
