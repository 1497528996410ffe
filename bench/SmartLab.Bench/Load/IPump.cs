namespace SmartLab.Bench.Load;

/// <summary>Produces messages on the generator loop's thread, once per sweep; returns whether it sent anything.</summary>
public interface IPump
{
    bool Pump();
}
